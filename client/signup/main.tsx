import { render } from 'preact';
import '../ui/base.css';

render(<p>DoctorQ</p>, document.getElementById('app')!);
