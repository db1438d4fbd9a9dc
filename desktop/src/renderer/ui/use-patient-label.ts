import { patientInitials } from '@plantao/shared';
import { selectPrivacyMode } from '../store/selectors';
import { usePlantaoStore } from '../store/use-plantao-store';

/**
 * How a patient is named on screen: in privacy mode (a screen visitors can
 * see) only the initials, everywhere a name would be, not only in OS
 * notifications.
 */
export function usePatientLabel(): (name: string) => string {
  const privacy = usePlantaoStore(selectPrivacyMode);
  return privacy ? patientInitials : (name) => name;
}
