import { z } from 'zod';

/** Browser mode's framing over one WebSocket: requests carry an id that their reply echoes. */
export const WsRequest = z.object({
  id: z.number().int().nonnegative(),
  name: z.string().max(100),
  req: z.unknown(),
});
export type WsRequest = z.infer<typeof WsRequest>;

export const WS_PATH = '/ws';
export const TOKEN_COOKIE = 'fts_token';
export const MAX_WS_MESSAGE_BYTES = 1 << 20;
