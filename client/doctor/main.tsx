import { render } from 'preact';
import '../ui/base.css';
import '../reception/reception.css';
import '../reception/queue.css';
import './doctor.css';
import { registerServiceWorker } from '../pwa/register.ts';
import { App } from './App.tsx';

render(<App />, document.getElementById('app')!);
registerServiceWorker();
