/**
 * The floor of the end-to-end bench: a bare loop that fetches the same kind
 * of pages from the same site (undici, keep-alive, as the worker does) and
 * runs cheerio.load on each, `concurrency` at a time, nothing else: no Redis,
 * no host limits, no extraction, no matching.
 *
 *   node --import tsx bench/lib/e2e-floor.ts BASES_JSON SEQ_FROM WARMUP_S MEASURE_S [CONCURRENCY] [parse5|htmlparser2]
 *
 * Prints one JSON line: pages, CPU seconds and seconds inside the measured window.
 */
import { load } from 'cheerio';
import { Agent, request } from 'undici';
import { CHEERIO_LOAD_OPTIONS } from '../../src/extract/index.js';

const [basesJson, seqFromArg, warmupArg, measureArg, concurrencyArg, parserArg] = process.argv.slice(2);
// cheerio.load's own default (parse5), or the parser newswatch extracts with.
const loadOptions = parserArg === 'htmlparser2' ? CHEERIO_LOAD_OPTIONS : undefined;
const bases = JSON.parse(basesJson ?? '[]') as string[];
let seq = Number(seqFromArg ?? 0);
const warmupMs = Number(warmupArg ?? 2) * 1000;
const measureMs = Number(measureArg ?? 10) * 1000;
const concurrency = Number(concurrencyArg ?? 8);

const agent = new Agent({ keepAliveTimeout: 10_000, connections: 8, pipelining: 1 });
const start = Date.now();
const windowStart = start + warmupMs;
const end = windowStart + measureMs;
let pages = 0;
let bytes = 0;
let errors = 0;
let sink = 0;

async function loop(): Promise<void> {
  while (Date.now() < end) {
    const n = seq++;
    const url = `${bases[Math.abs(n) % bases.length]}/p/${n}`;
    try {
      const res = await request(url, { dispatcher: agent, headers: { 'accept-encoding': 'identity' } });
      const html = await res.body.text();
      const $ = load(html, loadOptions);
      sink += $.root().children().length;
      const t = Date.now();
      if (t >= windowStart && t <= end) {
        pages += 1;
        bytes += html.length;
      }
    } catch {
      errors += 1;
    }
  }
}

let cpuAtWindowStart = process.cpuUsage();
setTimeout(() => (cpuAtWindowStart = process.cpuUsage()), warmupMs);
await Promise.all(Array.from({ length: concurrency }, loop));
const cpu = process.cpuUsage(cpuAtWindowStart);
const cpuSec = (cpu.user + cpu.system) / 1e6;
const all = process.cpuUsage();
const totalCpuSec = (all.user + all.system) / 1e6;
process.stdout.write(JSON.stringify({ pages, bytes, errors, cpuSec, totalCpuSec, seconds: measureMs / 1000, sink }) + '\n');
await agent.close();
