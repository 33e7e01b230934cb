/** @module In-process domain event bus (status changes, new messages …) feeding SSE streams and workers. */
import { EventEmitter } from 'node:events';
import type { AgentStatus, StatusSource } from '../shared/domain/vocabulary';

export interface DomainEvents {
  'agent.status': { userid: string; status: AgentStatus; source: StatusSource; until: number | null; at: number };
  /** A conversation got a new message or decision (the pipeline emits it after commit; the sidebar streams it). */
  /** Duty groups, posts, rotation or channels changed (profile cards and the duty 活码 follow). */
  'duty.changed': { at: number; by: string };
  'conversation.changed': { conversationId: number; what: 'message' | 'decision' | 'state'; at: number };
}

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  emit<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void { this.emitter.emit(name, payload); }
  on<K extends keyof DomainEvents>(name: K, fn: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, fn);
    return () => { this.emitter.off(name, fn); };
  }
}
