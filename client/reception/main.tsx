import { render } from 'preact';
import '../ui/base.css';
import './reception.css';
import './queue.css';
import './print/print-ticket.css';
import './appointments/appointments.css';
import { registerServiceWorker } from '../pwa/register.ts';
import { App } from './App.tsx';

render(<App />, document.getElementById('app')!);
registerServiceWorker();
