import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

// The web app lives in web/ and is built to dist/web, which the API server serves in production.
// In development (`npm run dev`) Vite proxies the API to the server on PORT (default 8787).
const apiPort = process.env.PORT ?? '8787'

export default defineConfig({
  root: 'web',
  plugins: [
    react(),
    // an installable app that opens and works offline (issue 17): the app shell is precached; the API's reads and
    // the tiles of the area last viewed are kept as they are fetched, served from the cache only without a network
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: null,
      manifest: {
        name: '挂图 Guatu',
        short_name: '挂图',
        description: '园区挂图作战：地块、项目与巡查',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f4e79',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/tiles\//, /^\/ogc(\/|$)/],
        globPatterns: ['**/*.{js,mjs,css,html,png,svg,woff2}'],
        // MapLibre's bundle is large; the shell must hold all of it to open offline
        maximumFileSizeToCacheInBytes: 10 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            urlPattern: ({ url, request }) =>
              request.method === 'GET' &&
              url.origin === self.location.origin &&
              url.pathname.startsWith('/tiles/'),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'guatu-tiles',
              networkTimeoutSeconds: 6,
              // a tile's ?v= changes after every write: offline, the last version seen is the one to show
              matchOptions: { ignoreSearch: true },
              expiration: { maxEntries: 4000, maxAgeSeconds: 30 * 24 * 3600 },
            },
          },
          {
            // the API's GETs except the live stream, exports and file contents (large, and cached by the browser by
            // their hash anyway); the pattern is written out here because Workbox copies this function into the
            // service worker, without the module around it
            urlPattern: ({ url, request }) =>
              request.method === 'GET' &&
              url.origin === self.location.origin &&
              /^\/api\/(?!events$|auth\/login$|.*\/export$|documents\/\d+\/content$)/.test(url.pathname),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'guatu-api',
              networkTimeoutSeconds: 8,
              expiration: { maxEntries: 600, maxAgeSeconds: 14 * 24 * 3600 },
            },
          },
        ],
      },
    }),
  ],
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${apiPort}`,
      '/tiles': `http://127.0.0.1:${apiPort}`,
      '/ogc': `http://127.0.0.1:${apiPort}`,
    },
  },
})
