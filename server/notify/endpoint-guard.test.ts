// The address classifier behind the push endpoint check (defect 14): every
// form an attacker can write a non-public address in.
import { describe, expect, it } from 'vitest';
import { checkEndpoint, classifyAddress, EndpointRefused } from './endpoint-guard.ts';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'reserved'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['169.254.169.254', 'link_local'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link_local'],
    ['::127.0.0.1', 'reserved'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456::1', 'unique_local'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['ff02::1', 'multicast'],
    ['64:ff9b::7f00:1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2002:7f00:1::1', 'reserved'],
    ['not-an-ip', 'invalid'],
    ['1.2.3', 'invalid'],
    ['1::2::3', 'invalid'],
  ])('%s is %s', (ip, cls) => {
    expect(classifyAddress(ip)).toBe(cls);
  });

  it.each(['8.8.8.8', '142.250.1.95', '172.32.0.1', '100.128.0.1', '2a00:1450:4007:80e::200a', '::ffff:8.8.8.8'])('%s is public', (ip) => {
    expect(classifyAddress(ip)).toBe('public');
  });
});

describe('checkEndpoint', () => {
  const strict = { allowPrivate: false };
  it.each([
    'https://127.0.0.1/push',
    'https://[::1]:8443/push',
    'https://[::ffff:127.0.0.1]/push',
    'https://2130706433/push', // 127.0.0.1 as one number: the URL parser normalises it, the check sees the address
    'https://0x7f.1/push',
    'https://localhost/push',
    'https://169.254.169.254/latest/meta-data',
    'https://[fd00::1]/push',
  ])('when the endpoint is %s, then it is refused', async (url) => {
    await expect(checkEndpoint(url, strict)).rejects.toBeInstanceOf(EndpointRefused);
  });

  it('when a test allows private endpoints, then loopback passes', async () => {
    await expect(checkEndpoint('http://127.0.0.1:9/push', { allowPrivate: true })).resolves.toBeUndefined();
  });

  it('when the host does not resolve, then it is refused as unresolvable', async () => {
    await expect(checkEndpoint('https://push.invalid/x', strict)).rejects.toMatchObject({ reason: 'unresolvable' });
  });
});
