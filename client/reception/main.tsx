import { render } from 'preact';
import '../ui/base.css';
import './reception.css';
import './queue.css';
import { savedLanguage, setLanguage } from '../i18n/index.ts';
import { registerServiceWorker } from '../pwa/register.ts';
import { App } from './App.tsx';

setLanguage(savedLanguage());
render(<App />, document.getElementById('app')!);
registerServiceWorker();
