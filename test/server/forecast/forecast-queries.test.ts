import { forecastQueryCases } from './forecast-queries.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

forecastQueryCases(sqliteMemoryEngine());
forecastQueryCases(sqliteFileEngine());
