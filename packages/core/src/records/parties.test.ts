import {describe, expect, it} from 'vitest';
import {validateDataSet} from './validation.js';
import {isIban} from './parties.js';
import {settingsSchema} from './schemas.js';

describe('seller and buyer details', () => {
  it('takes a seller with address, tax id and bank details into the settings, normalised', () => {
    const settings = settingsSchema.parse({
      seller: {
        name: 'Acme Billing GmbH',
        address: {lines: ['Hauptstraße 1'], postalCode: '10115', city: 'Berlin', country: 'DE'},
        taxId: 'DE123456789',
        email: 'billing@acme.example',
        bank: {iban: 'de89 3704 0044 0532 0130 00', bic: 'cobadeffxxx'},
      },
    });
    expect(settings.seller?.bank).toEqual({iban: 'DE89370400440532013000', bic: 'COBADEFFXXX'});
    expect(settings.seller?.address?.region).toBeUndefined();
  });

  it('reports each fault of a seller at its path', () => {
    const parsed = settingsSchema.safeParse({
      seller: {
        name: ' ',
        address: {lines: [], city: 'Berlin', country: 'Germany'},
        email: 'not an address',
        bank: {iban: 'DE89370400440532013001'},
      },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'seller.address.country',
      'seller.address.lines',
      'seller.bank.iban',
      'seller.email',
      'seller.name',
    ]);
  });

  it('keeps buyer details on accounts and rejects a bad one with its record and path', () => {
    const {valid, rejected} = validateDataSet({
      accounts: [
        {
          id: 'a1',
          name: 'Beta AG',
          address: {lines: ['Bahnhofstrasse 5', '2. OG'], city: 'Zürich', country: 'CH'},
          taxId: 'CHE-123.456.789 MWST',
          email: 'ap@beta.example',
        },
        {id: 'a2', name: 'Gamma', email: 'gamma'},
        {id: 'a3', name: 'Delta', address: null, email: null},
      ],
    });
    expect(valid.accounts.map((account) => account.id)).toEqual(['a1', 'a3']);
    expect(valid.accounts[0]!.address?.lines).toEqual(['Bahnhofstrasse 5', '2. OG']);
    expect(valid.accounts[1]!.address).toBeUndefined();
    expect(rejected).toEqual([
      {kind: 'accounts', id: 'a2', path: 'email', message: expect.any(String)},
    ]);
  });

  it('checks IBANs by their check digits', () => {
    expect(isIban('DE89370400440532013000')).toBe(true);
    expect(isIban('GB82WEST12345698765432')).toBe(true);
    expect(isIban('GB82WEST12345698765433')).toBe(false);
    expect(isIban('DE89')).toBe(false);
  });
});
