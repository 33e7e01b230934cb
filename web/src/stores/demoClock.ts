/**
 * @module Pinia setup store of the /demo time control: the shared demo clock (product and simulator) and jumps
 * forward — 90 s, 10 min, 1 h, to 21:00, to the next morning — so escalations and shift ends show without waiting.
 */
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { messageOf } from '../common/api/client';
import { demoApi, type ClockJump, type DemoClock } from '../common/api/demo';

export const useDemoClockStore = defineStore('demoClock', () => {
  const clock = ref<DemoClock | null>(null);
  /** Browser time when `clock` was read: the demo clock runs on from there in real time. */
  const readAt = ref(0);
  const tick = ref(Date.now());
  const jumping = ref(false);
  const error = ref('');
  let timer: ReturnType<typeof setInterval> | undefined;

  const nowMs = computed(() => (clock.value ? clock.value.now + (tick.value - readAt.value) : null));

  function set(c: DemoClock) {
    clock.value = c;
    readAt.value = Date.now();
    tick.value = readAt.value;
  }

  async function load() {
    try {
      set(await demoApi.clock());
      error.value = '';
    } catch (err) {
      error.value = messageOf(err);
    }
    timer ??= setInterval(() => { tick.value = Date.now(); }, 1000);
  }

  /** Moves the shared clock; resolves once the product has processed everything that fell due. */
  async function jump(input: ClockJump) {
    if (jumping.value) return;
    jumping.value = true;
    error.value = '';
    try {
      set(await demoApi.jump(input));
    } catch (err) {
      error.value = messageOf(err);
    } finally {
      jumping.value = false;
    }
  }

  function dispose() {
    clearInterval(timer);
    timer = undefined;
  }

  return { clock, nowMs, jumping, error, load, jump, dispose };
});
