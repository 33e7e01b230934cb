/** @module Rule-set settings (zod, every field defaulted): the knobs of the engine's guards. */
import { z } from 'zod';
import { TemplateKind } from '../domain/vocabulary';

export const Settings = z.object({
  /** No auto-reply if a human replied within this many minutes. */
  humanQuietMinutes: z.number().int().min(0).max(24 * 60).default(5),
  /** Same content more than `threshold` times within `windowMinutes` → one transfer offer + mute. */
  repeat: z
    .object({
      threshold: z.number().int().min(1).max(50).default(3),
      windowMinutes: z.number().int().min(1).max(24 * 60).default(5),
      muteMinutes: z.number().int().min(1).max(7 * 24 * 60).default(30),
      offerTemplateId: z.string().optional(),
    })
    .prefault({}),
  /**
   * Rising emotion → rules marked `emergency` run first, even if their conditions do not match. Calibrated to the
   * classifier's emotion score (on the labelling guide's scale, 0.6–0.8 upset, 0.9–1 furious or frightened): at 0.8
   * no calm or merely annoyed message of the development split escalates, and about half of the furious or
   * frightened ones do (the rest reach the emergency rule through their urgent/complaint intent). A rise counts from
   * 0.6 ("clearly upset"; 0.5 before): an impatient "怎么没人回" (≈ 0.55) after calm lines is not an emergency.
   */
  emotion: z
    .object({
      enabled: z.boolean().default(true),
      escalateAt: z.number().min(0).max(1).default(0.8),
      riseDelta: z.number().min(0).max(1).default(0.3),
      riseMinScore: z.number().min(0).max(1).default(0.6),
    })
    .prefault({}),
  /** Template kinds that count as off-hours notices: at most once per conversation per window stretch. */
  offHoursKinds: z.array(TemplateKind).default(['lunch', 'night', 'holiday', 'dnd', 'busy']),
  /**
   * Nobody can receive a session now: no transfer is made, and a send that promises a human (these template
   * kinds, e.g. "正在为您转接…") is replaced by this template, which says so truthfully; a duty alert goes too.
   */
  noAgent: z
    .object({
      templateId: z.string().default('tpl_no_agent'),
      /** Instead of `templateId` when everyone available is at the per-agent session cap (all busy, expected wait). */
      busyTemplateId: z.string().default('tpl_all_busy'),
      promiseKinds: z.array(TemplateKind).default(['transfer_notice', 'emergency']),
    })
    .prefault({}),
  /** Upper bound of sends in one decision, below the WeCom quota (5). */
  maxSendsPerMessage: z.number().int().min(0).max(5).default(3),
});
export type Settings = z.infer<typeof Settings>;
export type SettingsInput = z.input<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});
