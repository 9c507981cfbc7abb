import { render } from 'preact';
import '../ui/base.css';
import '../ui/console.css';
import './operator.css';
import { App } from './App.tsx';

// Online only: no service worker is registered here, and no local database.
render(<App />, document.getElementById('app')!);
