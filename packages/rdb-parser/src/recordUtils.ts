import { type ByteWindow, NEED_MORE } from './ByteWindow.js';
import { moduleNameFromId } from './moduleUtils.js';
import { RawWalker } from './RawWalker.js';
import { OP_MODULE, type RawOp } from './rawPrograms.js';
import type { AuxEvent, FunctionEvent, ModuleAuxEvent, SlotImportEvent, SlotInfoEvent } from './types.js';

/**
 * Readers for the records between keys (after their opcode byte). Each reads everything before returning,
 * so a NEED_MORE leaves nothing half-done: the caller rewinds and retries with more input.
 */

const MODULE_VALUE: RawOp[] = [OP_MODULE];

export function readAux(w: ByteWindow): AuxEvent {
  const key = w.readString().toString('latin1');
  const value = Buffer.from(w.readString());
  return { kind: 'aux', key, value };
}

export function readFunction2(w: ByteWindow, offset: number): FunctionEvent {
  return { kind: 'function', code: Buffer.from(w.readString()), offset };
}

/** Redis 7.0 RC records: name, engine, optional description, code; code rebuilt with its shebang as Redis does. */
export function readFunctionPreGa(w: ByteWindow, offset: number): FunctionEvent {
  const name = w.readString().toString('latin1');
  const engine = w.readString().toString('latin1');
  const hasDescription = w.readLen();
  const description = hasDescription ? Buffer.from(w.readString()) : null;
  const blob = w.readString();
  const code = Buffer.concat([Buffer.from(`#!${engine} name=${name}\n`), blob]); // engine as stored, as rdb.c does
  return { kind: 'function', code, offset, name, engine, description };
}

export function readModuleAux(w: ByteWindow): ModuleAuxEvent {
  const moduleId = w.readLenBig();
  const at = w.offset;
  const whenOpcode = w.readLen();
  if (whenOpcode !== 2) throw w.corrupt(`module aux 'when' opcode is ${whenOpcode}, expected 2`, at);
  const when = w.readLen();
  const start = w.pos;
  if (!new RawWalker(MODULE_VALUE).run(w)) throw NEED_MORE;
  const payload = Buffer.from(w.buf.subarray(start, w.pos));
  return { kind: 'module-aux', moduleId, moduleName: moduleNameFromId(moduleId), when, payload };
}

export function readSlotInfo(w: ByteWindow): SlotInfoEvent {
  const slot = w.readLen();
  const slotSize = w.readLen();
  const expiresSlotSize = w.readLen();
  return { kind: 'slot-info', slot, slotSize, expiresSlotSize };
}

/** Valkey 9 SLOT_IMPORT: job name, then a count of (from, to) slot ranges. */
export function readSlotImport(w: ByteWindow): SlotImportEvent {
  const jobName = Buffer.from(w.readString());
  const n = w.readLen();
  if (n * 2 > w.available) w.need(n * 2);
  const ranges: [number, number][] = [];
  for (let i = 0; i < n; i++) ranges.push([w.readLen(), w.readLen()]);
  return { kind: 'slot-import', jobName, ranges };
}
