import { z } from 'zod'

/**
 * A group robot's address (WeCom 企业微信 or DingTalk 钉钉): http(s), e.g.
 * `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`. It holds the robot's key, so only admins read it.
 */
const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .regex(
    /^https?:\/\/[^\s/]+/,
    'an http(s) address, e.g. https://oapi.dingtalk.com/robot/send?access_token=…',
  )

const NameEn = z.string().trim().min(1).max(200)

/** POST /api/departments: a department that owns late items and answers orders (admins). */
export const NewDepartment = z
  .object({
    name: z.string().trim().min(1).max(100),
    name_en: NameEn.nullable().optional(),
    webhook_url: WebhookUrl.nullable().optional(),
  })
  .strict()
export type NewDepartment = z.infer<typeof NewDepartment>

/**
 * PATCH /api/departments/:id: its English name and its group robot (null removes it), at its version. The Chinese
 * name is not changed here: it is the owner text of the items the department owns.
 */
export const DepartmentChange = z
  .object({
    name_en: NameEn.nullable().optional(),
    webhook_url: WebhookUrl.nullable().optional(),
    version: z.number().int().positive().optional(),
  })
  .strict()
  .refine(({ version: _, ...change }) => Object.keys(change).length > 0, 'send name_en or webhook_url')
export type DepartmentChange = z.infer<typeof DepartmentChange>
