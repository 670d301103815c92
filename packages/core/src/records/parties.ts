/**
 * Who an invoice is from and to: the seller's details (in settings) and the buyer's (on the
 * account), as an invoice document and, later, an e-invoice (EN 16931) need them. All optional: a
 * run bills without them; the document shows what is there.
 */
import {z} from 'zod';
import {optional} from './schema-fields.js';

/** A postal address in the parts EN 16931 names (street lines, post code, city, region, country). */
export const postalAddressSchema = z.object({
  lines: z
    .array(z.string().trim().min(1, {error: 'must not be empty'}).max(200), {
      error: 'must be a list of street lines',
    })
    .min(1, {error: 'must hold at least one line'})
    .max(3, {error: 'holds at most 3 lines'}),
  postalCode: optional(z.string().trim().max(20)),
  city: z.string().trim().min(1, {error: 'must not be empty'}).max(100),
  region: optional(z.string().trim().max(100)),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, {error: 'must be a two-letter ISO 3166-1 code such as "DE"'}),
});

const emailSchema = z.email({error: 'must be an e-mail address'});

/** Written without spaces, in capitals: `DE89370400440532013000`. */
export const ibanSchema = z
  .string({error: 'must be an IBAN'})
  .transform((text) => text.replace(/\s+/g, '').toUpperCase())
  .refine(isIban, {error: 'is not a valid IBAN (country, check digits, account)'});

export const bankDetailsSchema = z.object({
  accountHolder: optional(z.string().trim().min(1)),
  iban: ibanSchema,
  bic: optional(
    z
      .string()
      .transform((text) => text.replace(/\s+/g, '').toUpperCase())
      .refine((bic) => /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(bic), {
        error: 'is not a BIC (8 or 11 letters and digits)',
      }),
  ),
  bankName: optional(z.string().trim().min(1)),
});

export const sellerSchema = z.object({
  name: z.string().trim().min(1, {error: 'must not be empty'}),
  address: optional(postalAddressSchema),
  /** The VAT identification number or another tax id. */
  taxId: optional(z.string().trim().min(1)),
  email: optional(emailSchema),
  phone: optional(z.string().trim().min(1)),
  bank: optional(bankDetailsSchema),
});

/** The buyer's details an account may carry (its name is the account's). */
export const buyerDetailsShape = {
  address: optional(postalAddressSchema),
  taxId: optional(z.string().trim().min(1)),
  email: optional(emailSchema),
};

export type PostalAddress = z.output<typeof postalAddressSchema>;
export type BankDetails = z.output<typeof bankDetailsSchema>;
export type Seller = z.output<typeof sellerSchema>;

/**
 * ISO 13616: two letters, two check digits, up to 30 letters and digits; moved to the end and
 * read as a number with letters as 10 to 35, it leaves 1 when divided by 97.
 */
export function isIban(text: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(text)) return false;
  const rearranged = text.slice(4) + text.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : Number(char);
    // Two digits at a time for letters: the remainder stays far below 2^53.
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}
