import type { RouterRoute } from 'hono/types'
import { z } from 'zod'
import { SESSION_COOKIE } from './middleware/authenticate'
import { type Access, PERMISSIONS } from './permissions'
import { validationOf } from './validation'

type JsonSchema = Record<string, unknown>

export interface OpenApiOperation {
  operationId: string
  summary: string
  description: string
  tags: string[]
  'x-guatu-access': Access
  /** what the operation does only for some roles (`save` of a schedule), by its rule in the permission table */
  'x-guatu-parts'?: Record<string, Access>
  security?: []
  parameters?: JsonSchema[]
  requestBody?: JsonSchema
  responses: Record<string, JsonSchema>
}

export interface OpenApiDocument {
  openapi: '3.1.0'
  info: { title: string; version: string; description: string }
  paths: Record<string, Record<string, OpenApiOperation>>
  components: {
    schemas: Record<string, JsonSchema>
    responses: Record<string, JsonSchema>
    securitySchemes: Record<string, JsonSchema>
  }
  security: Record<string, []>[]
}

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'The request is not valid (validation_failed, with every issue in details)',
  '401': 'No valid session cookie or bearer token',
  '403': 'The caller’s role may not call this operation',
  '404': 'No such record',
  '409': 'A stale version or a record with these values exists',
}

const VERBS: Record<string, string> = {
  GET: 'Read',
  POST: 'Send',
  PUT: 'Replace',
  PATCH: 'Update',
  DELETE: 'Delete',
}

/** `/api/parcels/:id` (or `:id{[0-9]+}`) → `/api/parcels/{id}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)(\{[^}]*\})?\??/g, '{$1}')
}

/** Who may call the operation, in words for people. */
export function describeAccess(access: Access): string {
  if (access === 'public') return 'Public: no login needed.'
  if (access === 'read') return 'Any logged-in role.'
  return `Roles: ${['admin', ...access.filter((r) => r !== 'admin')].join(', ')}.`
}

/**
 * The JSON Schema (2020-12) of what a client sends; schemas with parts JSON Schema cannot express (transforms,
 * refinements, custom types) give `{}` for those parts, and a schema that cannot be converted at all gives `{}`.
 */
export function inputSchema(schema: z.ZodType): JsonSchema {
  try {
    const { $schema: _, ...json } = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
    }) as JsonSchema
    return json
  } catch {
    return {}
  }
}

function queryParameters(schema: JsonSchema): JsonSchema[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((schema.required ?? []) as string[])
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }))
}

function pathParameters(path: string, schema: JsonSchema): JsonSchema[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
    name,
    in: 'path',
    required: true,
    schema: properties[name] ?? { type: 'string' },
  }))
}

function tagOf(path: string): string {
  const [first = '', second = ''] = path.split('/').filter(Boolean)
  return first === 'api' ? second.replace(/\.\w+$/, '') || 'api' : first
}

function operation(
  method: string,
  path: string,
  access: Access,
  handlers: readonly unknown[],
  parts: Record<string, Access>,
): OpenApiOperation {
  const validations = handlers.map(validationOf).filter((v) => v !== undefined)
  const schemaOf = (target: string) => {
    const found = validations.find((v) => v.target === target)
    return found ? inputSchema(found.schema) : undefined
  }
  const query = schemaOf('query')
  const body = schemaOf('json')
  const parameters = [
    ...pathParameters(path, schemaOf('param') ?? {}),
    ...(query ? queryParameters(query) : []),
  ]

  const errors = [
    ...(validations.length > 0 || parameters.length > 0 ? ['400'] : []),
    ...(access === 'public' ? [] : ['401', '403']),
    ...(path.includes('{') ? ['404'] : []),
    ...(method !== 'GET' && access !== 'public' ? ['409'] : []),
  ]
  const responses: Record<string, JsonSchema> = { '200': { description: 'Success' } }
  for (const status of errors) responses[status] = { $ref: `#/components/responses/Error${status}` }

  return {
    operationId: `${method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(\w)?/g, (_, c?: string) => c?.toUpperCase() ?? '')}`,
    summary: `${VERBS[method] ?? method} ${path.replace(/^\/api\//, '')}`,
    description: [
      describeAccess(access),
      ...Object.entries(parts).map(([part, a]) => `To ${part}: ${describeAccess(a)}`),
    ].join(' '),
    tags: [tagOf(path)],
    'x-guatu-access': access,
    ...(Object.keys(parts).length > 0 ? { 'x-guatu-parts': parts } : {}),
    ...(access === 'public' ? { security: [] as [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    responses,
  }
}

/**
 * The OpenAPI 3.1 document of an app, from its route list (`app.routes`): every route with a rule in the
 * permission table, its parameters and JSON body from the zod schemas its `validate()` middleware checks,
 * the error responses, and who may call it. Middleware entries of the same method and path are merged.
 */
export function buildOpenApi(
  routes: readonly RouterRoute[],
  permissions: Record<string, Access> = PERMISSIONS,
): OpenApiDocument {
  const handlers = new Map<string, unknown[]>()
  for (const route of routes) {
    const key = `${route.method} ${route.path}`
    if (route.method === 'ALL' || !(key in permissions)) continue
    handlers.set(key, [...(handlers.get(key) ?? []), route.handler])
  }

  const paths: OpenApiDocument['paths'] = {}
  const byPath = ([a]: [string, unknown], [b]: [string, unknown]) =>
    (a.split(' ')[1] ?? '').localeCompare(b.split(' ')[1] ?? '') || a.localeCompare(b)
  for (const [key, list] of [...handlers].sort(byPath)) {
    const [method = 'GET', honoPath = '/'] = key.split(' ')
    const path = openApiPath(honoPath)
    const access = permissions[key] ?? 'read'
    // rules "<route> <part>" for what the route does only for some roles
    const parts = Object.fromEntries(
      Object.entries(permissions)
        .filter(([rule]) => rule.startsWith(`${key} `))
        .map(([rule, a]) => [rule.slice(key.length + 1), a]),
    )
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation(method, path, access, list, parts) }
  }

  const errorSchema = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', description: 'snake_case, e.g. validation_failed' },
          message: { type: 'string', description: 'a human sentence' },
          details: { type: 'array', items: {} },
        },
      },
    },
  }
  const responses = Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([status, description]) => [
      `Error${status}`,
      { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    ]),
  )

  return {
    openapi: '3.1.0',
    info: {
      title: 'Guatu API',
      version: '0.1.0',
      description:
        'Generated from the zod schemas that validate the routes. `x-guatu-access` is who may call each ' +
        'operation: "public", "read" (any logged-in role) or a list of roles (admin always may).',
    },
    paths,
    components: {
      schemas: { Error: errorSchema },
      responses,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        bearer: { type: 'http', scheme: 'bearer', description: 'API token issued by POST /api/auth/tokens' },
      },
    },
    security: [{ session: [] }, { bearer: [] }],
  }
}
