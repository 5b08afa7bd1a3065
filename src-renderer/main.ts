import { mount } from 'svelte';
import App from './App.svelte';
// The app's own type, shipped with it, so it reads the same on every machine (Linux has no Inter or Charter).
import '@fontsource-variable/inter';
import '@fontsource-variable/source-serif-4';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html is missing #app');

export default mount(App, { target });
