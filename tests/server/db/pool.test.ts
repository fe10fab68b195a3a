import { describe, expect, it } from 'vitest'
import { isConnectionLost } from '../../../server/db/pool'

// What node-postgres throws when the database goes away, as the faults test sees it through a cut proxy, and
// what it throws for a query that merely failed: only the first becomes 503 database_unavailable.
function withCode(message: string, code: string) {
  return Object.assign(new Error(message), { code })
}

describe('isConnectionLost', () => {
  it.each([
    ['a connection cut during a query', new Error('Connection terminated unexpectedly')],
    [
      'a client whose connection broke',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['no free connection in time', new Error('timeout exceeded when trying to connect')],
    ['a pool closed on shutdown', new Error('Cannot use a pool after calling end on the pool')],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a refused connection on every address', new AggregateError([withCode('x', 'ECONNREFUSED')], '')],
    ['a connect timeout with its cause', new Error('Connection terminated due to connection timeout')],
    ['SQLSTATE 08006 connection failure', withCode('connection failure', '08006')],
    [
      'SQLSTATE 57P01 admin shutdown',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    ['SQLSTATE 57P03 cannot connect now', withCode('the database system is starting up', '57P03')],
  ])('is true for %s', (_, err) => {
    expect(isConnectionLost(err)).toBe(true)
  })

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near "x"', '42601')],
    ['a statement timeout', withCode('canceling statement due to statement timeout', '57014')],
    ['an error of the app', new Error('the demo district has no parcels')],
    ['something not an Error', 'Connection terminated'],
  ])('is false for %s', (_, err) => {
    expect(isConnectionLost(err)).toBe(false)
  })
})
