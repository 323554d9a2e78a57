import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import auth from 'basic-auth';
import express from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queues } from '../runtime/queues.js';

export const ADMIN_BASE_PATH = '/admin/queues';
export const ADMIN_USER = 'admin';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a request carries the admin's basic-auth credentials (the board and /matches share them). */
export function isAdminRequest(req: IncomingMessage, password: string): boolean {
  const credentials = auth(req);
  return !!credentials && credentials.name === ADMIN_USER && sameSecret(credentials.pass, password);
}

/**
 * Bull Board over the three queues, behind HTTP basic auth (user `admin`,
 * password ADMIN_PASSWORD). Only mounted when a password is set: the board
 * can retry and delete jobs, so it is never open.
 */
export function createAdminHandler(queues: Queues, password: string): (req: IncomingMessage, res: ServerResponse) => void {
  const board = new ExpressAdapter();
  board.setBasePath(ADMIN_BASE_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queues.poll), new BullMQAdapter(queues.article), new BullMQAdapter(queues.alert)],
    serverAdapter: board,
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(ADMIN_BASE_PATH, (req, res, next) => {
    if (isAdminRequest(req, password)) return next();
    res.set('WWW-Authenticate', 'Basic realm="newswatch admin"').status(401).send('authentication required\n');
  });
  app.use(ADMIN_BASE_PATH, board.getRouter());
  return app;
}
