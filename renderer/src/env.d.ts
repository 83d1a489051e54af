// Vite's client types: CSS and asset imports resolve for the typecheck as they do in the build.
/// <reference types="vite/client" />
