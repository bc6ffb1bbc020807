/** Masked delivery destinations, as Cognito shows them: `a***@e***`, `+*******1234`. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+/, '');
  return '+' + '*'.repeat(Math.max(0, digits.length - 4)) + digits.slice(-4);
}
