import { render } from 'preact';
import '../ui/base.css';
import '../live/public.css';
import './display.css';
import { App } from './App.tsx';

render(<App />, document.getElementById('app')!);

// The reception's worker precaches this page too: a TV rebooted with no network still shows the last queue.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .catch((err: unknown) => console.error('service worker registration failed', err));
}
