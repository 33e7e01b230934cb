/** @module Forecast store: the next 14 days' hourly load of a team (or the organisation) and the forecast settings. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { adminApi, type ForecastSettingsPatch } from '../api';
import { errorText, resource } from '../resource';

export const useForecastStore = defineStore('adminForecast', () => {
  /** open_kfid of the team shown; '' = the whole organisation. */
  const team = ref('');
  const lang = ref<'zh' | 'en'>('zh');
  const forecast = resource(() => adminApi.forecast(team.value || undefined, lang.value));
  const settings = resource(adminApi.forecastSettings);
  const saveError = ref('');
  async function save(patch: ForecastSettingsPatch) {
    saveError.value = '';
    try {
      await adminApi.saveForecastSettings(patch);
      await Promise.all([settings.load(), forecast.load()]);
    } catch (err) { saveError.value = errorText(err).message; }
  }
  return { team, lang, forecast, settings, saveError, save };
});
