// Entry: mounts the wizard. Everything it shows comes from the engine's session state.
import { mount } from 'svelte';
import './app.css';
import 'uplot/dist/uPlot.min.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target });
