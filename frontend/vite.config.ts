/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Django serves the built files from frontend/dist under the static prefix "app"
// (STATICFILES_DIRS in config/settings.py), and dist/index.html at "/" and every SPA route.
const django = process.env.DJANGO_URL ?? "http://127.0.0.1:8000";

export default defineConfig(({ command }) => ({
  // Built files live under /static/app/; the dev server serves from "/" and proxies the rest.
  base: command === "build" ? "/static/app/" : "/",
  plugins: [react()],
  // The draft editor (CodeMirror with its markdown, HTML and JS grammars, Yjs) is one lazy
  // chunk of about 800 kB (270 kB gzipped), loaded only on /brouillons/:id.
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 900 },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: django, changeOrigin: false },
      "/admin": { target: django, changeOrigin: false },
      "/static": { target: django, changeOrigin: false },
      "/media": { target: django, changeOrigin: false },
      "/ws": { target: django.replace(/^http/, "ws"), ws: true },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test-setup.ts"],
  },
}));
