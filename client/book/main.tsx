import { render } from 'preact';
import '../ui/base.css';
import '../live/public.css';
import './book.css';
import { App } from './App.tsx';

render(<App />, document.getElementById('app')!);
