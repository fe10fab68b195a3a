import type { messagesZhCN } from './messages-zh-CN'

/** Words around the server's messages (the message catalogue itself is server/domain/messages.ts). */
export const messagesEn: typeof messagesZhCN = {
  rowCount: 'Rows',
  firstRows: 'For example',
  rowAndCode: 'row {{row}} {{code}}',
  listSeparator: ', ',
  andMore: ' and {{count}} more',
}
