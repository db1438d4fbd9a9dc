// Before anything builds a zod schema: the window's CSP has no 'unsafe-eval'.
import './zod-jitless';
import { desktopApiFromWindow } from './desktop-api';
import { mountStation } from './mount';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root');
mountStation(container, desktopApiFromWindow());
