import { html } from 'hono/html'
import { OgcCollectionId } from '../domain/ogc'
import { OGC_COLLECTION_TEXT, ogcOpenApi } from '../domain/ogc-openapi'

/** service-doc: a plain page naming the endpoints and collections (no scripts, so it passes the app's CSP). */
export function ogcDocsPage(base: string) {
  const doc = ogcOpenApi(base)
  const rows = Object.entries(doc.paths).map(
    ([path, op]) => html`<tr><td><code>GET ${path}</code></td><td>${op.get.summary}</td></tr>`,
  )
  const collections = OgcCollectionId.options.map(
    (id) =>
      html`<li><code>${id}</code>: ${OGC_COLLECTION_TEXT[id].zh[1]} / ${OGC_COLLECTION_TEXT[id].en[1]}</li>`,
  )
  return html`<!doctype html>
<html lang="zh-CN">
  <head><meta charset="utf-8" /><title>${doc.info.title}</title></head>
  <body>
    <h1>${doc.info.title}</h1>
    <p>OpenAPI 3.0: <a href="${base}/api">${base}/api</a></p>
    <ul>${collections}</ul>
    <table>${rows}</table>
  </body>
</html>`
}
