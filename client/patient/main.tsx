import { render } from 'preact';
import '../ui/base.css';
import '../live/public.css';
import './patient.css';
import { App } from './App.tsx';
import { registerPatientWorker } from './push.ts';
import { currentTicket, tokenFromHash } from './tickets.ts';

// Read once: a link opened later in this tab reloads the page (see App).
const ticket = currentTicket(location.hash);
render(<App ticket={ticket} badLink={ticket === null && tokenFromHash(location.hash) !== null} />, document.getElementById('app')!);
registerPatientWorker();
