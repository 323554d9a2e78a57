/**
 * GET /api/matches (JSON) and GET /matches (a server-rendered page): recent
 * alerts from the history. Behind the admin's basic auth, and only mounted
 * when ADMIN_PASSWORD is set, like the queue board. Read-only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseDuration } from '../../src/config/durations.js';
import { compileMatcher, type Matcher } from '../../src/match/index.js';
import type { WatchlistConfig } from '../../src/config/types.js';
import type { RedisClient } from '../redis/connect.js';
import { alertJson, listAlerts, type AlertQuery, type AlertRecord } from '../state/history.js';
import { isAdminRequest } from './admin.js';

export const MATCHES_PATHS = ['/matches', '/api/matches'];
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export interface MatchesDeps {
  redis: RedisClient;
  password: string;
  /** The running config's watchlists: names in snippets are highlighted with the matcher's own normalisation. */
  watchlists(): WatchlistConfig[];
}

export function createMatchesHandler(deps: MatchesDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (!isAdminRequest(req, deps.password)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="newswatch admin"', 'content-type': 'text/plain' }).end('authentication required\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = readQuery(url.searchParams);
    if ('error' in query) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: query.error }) + '\n');
      return;
    }
    void listAlerts(deps.redis, query).then(
      (alerts) => {
        if (url.pathname === '/api/matches') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ since: new Date(query.sinceMs).toISOString(), alerts: alerts.map(alertJson) }) + '\n');
        } else {
          res
            .writeHead(200, {
              'content-type': 'text/html; charset=utf-8',
              'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
              'x-content-type-options': 'nosniff',
            })
            .end(renderPage(alerts, url.searchParams, highlighterFor(deps.watchlists())));
        }
      },
      () => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('matches: history unavailable\n');
      },
    );
  };
}

function readQuery(params: URLSearchParams): AlertQuery | { error: string } {
  const since = params.get('since') || '24h';
  let sinceMs: number;
  try {
    sinceMs = Date.now() - parseDuration(since);
  } catch {
    return { error: 'matches: since must be a duration like 30m, 24h or 7d' };
  }
  const limitText = params.get('limit');
  const limit = limitText ? Number(limitText) : DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) return { error: 'matches: limit must be a whole number of at least 1' };
  return {
    sinceMs,
    limit: Math.min(limit, MAX_LIMIT),
    ...(params.get('watchlist') && { watchlist: params.get('watchlist')! }),
    ...(params.get('person') && { person: params.get('person')! }),
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const highlighters = new WeakMap<WatchlistConfig[], Matcher>();

/**
 * A matcher for highlighting: a snippet is one sentence, so the short names
 * ("Witkoff") count there as full names do (the story had the full name
 * elsewhere, or it would not have matched). Compiled once per config.
 */
function highlighterFor(watchlists: WatchlistConfig[]): Matcher {
  let m = highlighters.get(watchlists);
  if (!m) {
    m = compileMatcher(watchlists.map((w) => ({
      ...w,
      entities: w.entities.map((e) => ({ ...e, aliases: [...e.aliases, ...e.shortNames], shortNames: [] })),
    })));
    highlighters.set(watchlists, m);
  }
  return m;
}

/** A snippet as HTML, the person's mentions in <mark>, found by the matcher itself. */
export function highlight(snippet: string, matcher: Matcher, watchlistId: string, entityId: string): string {
  const found = matcher.match({ text: snippet }, [watchlistId])[0]?.matches.find((m) => m.entityId === entityId);
  const spans = (found?.offsets ?? []).filter((o) => o.field === 'text').sort((a, b) => a.start - b.start);
  let html = '';
  let at = 0;
  for (const { start, end } of spans) {
    if (start < at) continue;
    html += escapeHtml(snippet.slice(at, start)) + '<mark>' + escapeHtml(snippet.slice(start, end)) + '</mark>';
    at = end;
  }
  return html + escapeHtml(snippet.slice(at));
}

interface PersonRow {
  watchlistId: string;
  entityId: string;
  name: string;
  items: Array<{ alert: AlertRecord; match: AlertRecord['data']['matches'][number] }>;
}

function renderPage(alerts: AlertRecord[], params: URLSearchParams, matcher: Matcher): string {
  // One alert goes to each webhook: show a story once per watchlist and person, with every delivery.
  const person = params.get('person');
  const people = new Map<string, PersonRow>();
  const deliveries = new Map<string, AlertRecord[]>();
  for (const a of alerts) {
    const story = `${a.storyId} ${a.watchlistId} ${a.data.matches.map((m) => m.entityId).join(',')}`;
    const seen = deliveries.get(story);
    if (seen) {
      seen.push(a);
      continue;
    }
    deliveries.set(story, [a]);
    for (const m of a.data.matches) {
      if (person && m.entityId !== person) continue; // the alert also names others: show the one asked for
      const key = `${a.watchlistId} ${m.entityId}`;
      let row = people.get(key);
      if (!row) people.set(key, (row = { watchlistId: a.watchlistId, entityId: m.entityId, name: m.name, items: [] }));
      row.items.push({ alert: a, match: m });
    }
  }
  const rows = [...people.values()].sort((a, b) => a.watchlistId.localeCompare(b.watchlistId) || b.items.length - a.items.length);
  const since = params.get('since') || '24h';
  const sections = rows.map((row) => {
    const items = row.items.map(({ alert, match }) => {
      const sent = (deliveries.get(`${alert.storyId} ${alert.watchlistId} ${alert.data.matches.map((m) => m.entityId).join(',')}`) ?? [alert])
        .map((d) => `${escapeHtml(d.webhookId)}: ${escapeHtml(deliveryWords(d))}`)
        .join('; ');
      const snippets = match.snippets.map((s) => `<blockquote>${highlight(s, matcher, row.watchlistId, row.entityId)}</blockquote>`).join('');
      return `<li><a href="${escapeHtml(alert.data.article.url)}" rel="noreferrer">${escapeHtml(alert.data.article.title ?? alert.data.article.url)}</a>
        <div class="meta">${escapeHtml(new Date(alert.queuedAt).toISOString().slice(0, 16).replace('T', ' '))} UTC · ${escapeHtml(match.prominence ?? '')} · named ${match.count}× · ${sent}</div>${snippets}</li>`;
    });
    return `<section><h2>${escapeHtml(row.name)} <span class="wl">${escapeHtml(row.watchlistId)}</span> <span class="n">${row.items.length}</span></h2><ul>${items.join('')}</ul></section>`;
  });
  const value = (k: string) => escapeHtml(params.get(k) ?? '');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newswatch: recent matches</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.5rem;color:#1d2330}
h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.6rem 0 .4rem;border-bottom:1px solid #dde}
.wl{font-size:.8rem;background:#eef;border-radius:4px;padding:1px 6px;color:#446}.n{font-size:.8rem;color:#778}
ul{list-style:none;padding:0}li{margin:.6rem 0 1rem}a{color:#1a4fb4;text-decoration:none;font-weight:600}
.meta{font-size:.8rem;color:#667;margin:.1rem 0 .3rem}blockquote{margin:.2rem 0 .2rem .2rem;padding-left:.7rem;border-left:3px solid #ccd}
mark{background:#ffe58a;padding:0 1px}form{display:flex;gap:.5rem;flex-wrap:wrap;align-items:end;font-size:.85rem}
input{font:inherit;padding:2px 4px;width:9rem}.empty{color:#667}
</style></head><body>
<h1>newswatch: recent matches</h1>
<form method="get" action="/matches">
<label>since <input name="since" value="${escapeHtml(since)}"></label>
<label>watchlist <input name="watchlist" value="${value('watchlist')}"></label>
<label>person <input name="person" value="${value('person')}"></label>
<button type="submit">show</button></form>
<p class="meta">${alerts.length} alert${alerts.length === 1 ? '' : 's'} in the last ${escapeHtml(since)}, by person and watchlist. JSON: <a href="/api/matches?since=${encodeURIComponent(since)}">/api/matches</a></p>
${sections.join('\n') || '<p class="empty">No alerts in this window.</p>'}
</body></html>
`;
}

function deliveryWords(a: AlertRecord): string {
  if (!a.delivery) return 'pending';
  const at = new Date(a.delivery.at).toISOString().slice(11, 16);
  return a.delivery.outcome === 'delivered' ? `delivered ${at}` : `dead-lettered ${at}`;
}
