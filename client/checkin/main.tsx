import { render } from 'preact';
import '../ui/base.css';
import '../live/public.css';
import './checkin.css';
import { clinicFromHash, onSiteFromHash } from './api.ts';
import { App } from './App.tsx';

render(<App clinicId={clinicFromHash(location.hash)} onSite={onSiteFromHash(location.hash)} />, document.getElementById('app')!);
