import type { Severity } from '@plantao/shared';

/**
 * One shape per severity, so it reads without colour (colour-blind staff,
 * black-and-white printouts): an octagon for critical, a triangle for high,
 * a filled circle for medium, an outlined circle with "i" for low.
 * Decorative: the word next to it is what assistive technology reads.
 */
export function SeverityIcon(props: { severity: Severity; className?: string }) {
  const common = {
    className: props.className,
    viewBox: '0 0 24 24',
    width: '1em',
    height: '1em',
    'aria-hidden': true,
    focusable: false,
  } as const;
  const exclamation = <path d="M10.6 5.5h2.8v9.6h-2.8Zm0 11.3h2.8v2.8h-2.8Z" fill="var(--icon-contrast)" />;
  switch (props.severity) {
    case 'critical':
      return (
        <svg {...common}>
          <path d="M7 1h10l6 6v10l-6 6H7l-6-6V7Z" fill="currentColor" />
          {exclamation}
        </svg>
      );
    case 'high':
      return (
        <svg {...common}>
          <path d="M12 1.2 23.3 22H.7Z" fill="currentColor" />
          <path d="M10.8 8.2h2.4v7.4h-2.4Zm0 9.2h2.4v2.4h-2.4Z" fill="var(--icon-contrast)" />
        </svg>
      );
    case 'medium':
      return (
        <svg {...common}>
          <circle cx="12" cy="12" r="11" fill="currentColor" />
          {exclamation}
        </svg>
      );
    case 'low':
      return (
        <svg {...common}>
          <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="2.5" />
          <path d="M10.8 10h2.4v8h-2.4Zm0-4.2h2.4v2.4h-2.4Z" fill="currentColor" />
        </svg>
      );
  }
}
