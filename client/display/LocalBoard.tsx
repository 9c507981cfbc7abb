// A screen on the reception's own machine (display.html#local=<clinic>): no
// sign-in, no server; the reception tab feeds it (useLocalQueue.ts).
import type { ComponentChildren } from 'preact';
import { BoardScreen } from './BoardScreen.tsx';
import { useCalls } from './useCalls.ts';
import { useLocalQueue } from './useLocalQueue.ts';

export function LocalBoard({ clinicId, switcher }: { clinicId: string; switcher: ComponentChildren }) {
  const calls = useCalls();
  const live = useLocalQueue(clinicId, calls.onFrame);
  return <BoardScreen live={live} clinicName="DoctorQ" calls={calls} tools={switcher} />;
}
