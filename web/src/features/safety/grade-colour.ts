// The safety index grades' colours (common/safety.ts), for the index page and the map's layer.
import { SAFETY_GRADE_COLOURS } from '../../../../common/safety.ts';

/** The grade's colour; grey for a grade the console does not know. */
export const gradeColour = (grade: string) => SAFETY_GRADE_COLOURS[grade] ?? '#bfbfbf';
