// Globals that Forge's Vite plugin defines for the main process build (renderer "main_window").
/// <reference types="@electron-forge/plugin-vite/forge-vite-env" />
