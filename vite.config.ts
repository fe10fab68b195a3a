import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The web app lives in web/ and is built to dist/web, which the API server serves in production.
// In development (`npm run dev`) Vite proxies the API to the server on PORT (default 8787).
const apiPort = process.env.PORT ?? '8787'

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${apiPort}`,
      '/tiles': `http://127.0.0.1:${apiPort}`,
      '/ogc': `http://127.0.0.1:${apiPort}`,
    },
  },
})
