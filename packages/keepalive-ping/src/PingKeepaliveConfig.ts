import { z } from '@redis-shuttle/core';

export const pingKeepaliveConfigSchema = z
  .object({
    intervalMs: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'PING a connection that has written nothing for this long. Default from the target: its `timeout` / 3, clamped to 1–60 s; 30 s for `timeout 0`; 10 s when CONFIG is refused',
      ),
    deadlineMs: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'A PING not answered within this long (or answered with an error) marks the connection dead: the writer reconnects and replays. Default max(5 s, 2 × interval)',
      ),
  })
  .strict();

export type PingKeepaliveConfig = z.output<typeof pingKeepaliveConfigSchema>;
