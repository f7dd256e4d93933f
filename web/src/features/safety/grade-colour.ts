// The safety index grades' colours (common/safety.ts), for the index page and the map's layer.
import { SAFETY_GRADE_COLOURS, type RiskGrade } from '../../../../common/safety.ts';

/** The grade's colour; grey for a grade the console does not know. */
export const gradeColour = (grade: string) => SAFETY_GRADE_COLOURS[grade] ?? '#bfbfbf';

/** A finding's risk grade as an Ant Design tag colour. */
export const RISK_COLOURS: Record<RiskGrade, string> = {
  red: 'red',
  orange: 'orange',
  yellow: 'gold',
  blue: 'blue',
};
