import { Hono } from 'hono'
import { html } from 'hono/html'
import type { RouterRoute } from 'hono/types'
import { buildOpenApi, type OpenApiDocument } from '../openapi'

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete']

/** A plain server-rendered list of the operations: no scripts, so it works under the app's CSP. */
function docsPage(doc: OpenApiDocument) {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .sort(([a], [b]) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b))
      .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  )
  const rows = operations.map(({ path, method, op }) => {
    const params = (op.parameters ?? []).map((p) => `${p.name}${p.required ? '' : '?'} (${p.in})`).join(', ')
    const bodySchema = (
      op.requestBody?.content as { 'application/json': { schema: { properties?: object } } }
    )?.['application/json']?.schema
    const fields = Object.keys(bodySchema?.properties ?? {}).join(', ')
    return html`<tr>
      <td><code>${method}</code></td>
      <td><code>${path}</code></td>
      <td>${op.summary}</td>
      <td>${op.description}</td>
      <td>${params}</td>
      <td>${fields}</td>
    </tr>`
  })
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${doc.info.title}</title>
    <style>
      body { font: 14px system-ui, sans-serif; margin: 2rem; }
      table { border-collapse: collapse; }
      th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
    </style>
  </head>
  <body>
    <h1>${doc.info.title}</h1>
    <p>${doc.info.description}</p>
    <p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${doc.openapi}).
      Authenticate with the <code>guatu_session</code> cookie or <code>Authorization: Bearer &lt;token&gt;</code>.</p>
    <table>
      <thead><tr><th>Method</th><th>Path</th><th>Summary</th><th>Who may call</th><th>Parameters</th><th>Body fields</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>
  </body>
</html>`
}

/**
 * `GET /openapi.json` and `GET /docs`, built once on first request from the app's whole route list
 * (`app.routes` is read then, so routes registered after these are included).
 */
export function openApiRoutes(app: { readonly routes: readonly RouterRoute[] }) {
  let doc: OpenApiDocument | undefined
  const document = () => {
    doc ??= buildOpenApi(app.routes)
    return doc
  }
  return new Hono()
    .get('/openapi.json', (c) => c.json(document()))
    .get('/docs', (c) => c.html(docsPage(document())))
}
