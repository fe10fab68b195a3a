/** Words around the server's messages (the message catalogue itself is server/domain/messages.ts). */
export const messagesZhCN = {
  rowCount: '块数',
  firstRows: '如',
  rowAndCode: '第 {{row}} 行 {{code}}',
  listSeparator: '、',
  andMore: ' 等 {{count}} 块',
}
