import { z } from '@redis-shuttle/core';

/** Linux keeps TCP_KEEPIDLE and TCP_KEEPINTVL in whole seconds, at most 32767. */
const MAX_KEEPALIVE_MS = 32_767_000;

export const tcpKeepaliveConfigSchema = z
  .object({
    idleMs: z
      .number()
      .int()
      .min(1_000)
      .max(MAX_KEEPALIVE_MS)
      .default(30_000)
      .describe(
        'TCP_KEEPIDLE: the first probe goes after the connection has carried nothing for this long (whole seconds). 30 s stays under the idle timeouts of common NATs, firewalls and cloud load balancers',
      ),
    intervalMs: z
      .number()
      .int()
      .min(1_000)
      .max(MAX_KEEPALIVE_MS)
      .default(10_000)
      .describe('TCP_KEEPINTVL: time between unanswered probes (whole seconds)'),
    count: z
      .number()
      .int()
      .min(1)
      .max(127)
      .default(3)
      .describe('TCP_KEEPCNT: unanswered probes after which the kernel drops the connection'),
    userTimeoutMs: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        'TCP_USER_TIMEOUT: written data unacknowledged for this long drops the connection (0 leaves the kernel default, about 15 min of retransmissions). Default idleMs + intervalMs × count',
      ),
  })
  .strict();

export type TcpKeepaliveConfig = z.output<typeof tcpKeepaliveConfigSchema>;

/** What a caller may pass: every key has a default. */
export type TcpKeepaliveConfigInput = z.input<typeof tcpKeepaliveConfigSchema>;
