import type { LocalDate } from './local-date';

/**
 * One year of the official calendar as the State Council publishes it each November: public
 * holidays that fall on weekdays, and the weekend days made working days in exchange (调休).
 * Every other Monday–Friday is a working day, every other Saturday and Sunday is not.
 */
export interface CalendarYear {
  year: number;
  /** Days off: 法定节假日 and their bridging days. Weekend days may appear; they change nothing. */
  holidays: readonly LocalDate[];
  /** Weekend days that are working days (调休上班). */
  makeUpWorkdays: readonly LocalDate[];
  /** Where the data comes from and which revision, e.g. `chinese-days@1.5.7` or `admin#3`. */
  source: string;
}
