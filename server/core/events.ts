/**
 * @module The domain event bus (status changes, new messages …) feeding SSE streams and workers. Every event is
 * delivered to this instance's listeners at once; with a cluster bus attached (`attach`, PostgreSQL's
 * LISTEN/NOTIFY) it is also published to the other instances, whose listeners hear it with `local: false`.
 * So an agent's SSE stream on instance A sees a change made by instance B, while work that must happen once
 * (e.g. relaying an away agent's conversations) listens to local events only. Events are notices, not data
 * that must arrive: what must happen is a job.
 */
import { EventEmitter } from 'node:events';
import type { AgentStatus, StatusSource } from '../../shared/domain/vocabulary';
import type { Bus, BusMessage } from './ports/bus';

export interface DomainEvents {
  'agent.status': { userid: string; status: AgentStatus; source: StatusSource; until: number | null; at: number };
  /** Duty groups, posts, rotation or channels changed (profile cards and the duty 活码 follow). */
  'duty.changed': { at: number; by: string };
  /** A conversation got a new message or decision (the pipeline emits it after commit; the sidebar streams it). */
  'conversation.changed': { conversationId: number; what: 'message' | 'decision' | 'state'; at: number };
}

/** Where an event came from: this instance (`local`) or another one, over the cluster bus. */
export interface EventOrigin { local: boolean }

const NAMES: (keyof DomainEvents)[] = ['agent.status', 'duty.changed', 'conversation.changed'];
const channelOf = (name: keyof DomainEvents) => `event.${name}`;

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private bus: Bus | undefined;
  private detach: (() => void)[] = [];

  /** `origin`: this instance's name on what it publishes (its own notices come back and are skipped). */
  constructor(private readonly origin = `${process.pid}:${Math.random().toString(36).slice(2, 10)}`) {}

  /** Publishes every later event to the other instances and hears theirs. */
  attach(bus: Bus): this {
    this.close();
    this.bus = bus;
    this.detach = NAMES.map((name) => bus.subscribe(channelOf(name), (m) => {
      const { from, payload } = (m ?? {}) as { from?: string; payload?: DomainEvents[typeof name] };
      if (from === this.origin || payload === undefined) return;
      this.emitter.emit(name, payload, { local: false } satisfies EventOrigin);
    }));
    return this;
  }

  emit<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload, { local: true } satisfies EventOrigin);
    // A lost notice costs a stale screen until the next event, never work: failures are not the emitter's problem.
    this.bus?.publish(channelOf(name), { from: this.origin, payload: payload as unknown as BusMessage }).catch(() => undefined);
  }

  on<K extends keyof DomainEvents>(name: K, fn: (payload: DomainEvents[K], origin: EventOrigin) => void): () => void {
    this.emitter.on(name, fn);
    return () => { this.emitter.off(name, fn); };
  }

  /** Stops hearing the other instances. */
  close(): void {
    for (const off of this.detach.splice(0)) off();
    this.bus = undefined;
  }
}
