/**
 * Managed login branding: CreateManagedLoginBranding, UpdateManagedLoginBranding,
 * DeleteManagedLoginBranding, DescribeManagedLoginBranding and DescribeManagedLoginBrandingByClient.
 * Stored and returned as given (Settings as a JSON document, Assets with their bytes); one style per
 * app client, as on AWS. cognate-local's hosted pages do not render managed login styles, and it has
 * no Cognito default style to merge, so ReturnMergedResources returns the stored values.
 *
 * Store: `poolSetting` `<poolId>/branding/<id>` → the style; `<poolId>/brandingByClient/<clientId>` → its id.
 */
import { randomUUID } from 'node:crypto';
import type { Json, Operation, Services } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import type { UserPool } from '../model.js';
import { getClient, getPool } from '../services/pools.js';
import { optArray, optBool, optString, reqString, CLIENT_ID_RULE, POOL_ID_RULE, type StringRule } from '../validate.js';

const BRANDING_ID: StringRule = {
  pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/,
  patternText: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[4][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$',
};
const CATEGORIES = [
  'FAVICON_ICO',
  'FAVICON_SVG',
  'EMAIL_GRAPHIC',
  'SMS_GRAPHIC',
  'AUTH_APP_GRAPHIC',
  'PASSWORD_GRAPHIC',
  'PASSKEY_GRAPHIC',
  'PAGE_HEADER_LOGO',
  'PAGE_HEADER_BACKGROUND',
  'PAGE_FOOTER_LOGO',
  'PAGE_FOOTER_BACKGROUND',
  'PAGE_BACKGROUND',
  'FORM_BACKGROUND',
  'FORM_LOGO',
  'IDP_BUTTON_ICON',
] as const;

interface Asset {
  Category: string;
  ColorMode: string;
  Extension: string;
  Bytes?: string;
  ResourceId?: string;
}

interface Branding {
  ManagedLoginBrandingId: string;
  UserPoolId: string;
  UseCognitoProvidedValues: boolean;
  Settings?: Json;
  Assets: Asset[];
  CreationDate: number;
  LastModifiedDate: number;
  /** The app client it is assigned to (not part of ManagedLoginBrandingType). */
  clientId: string;
}

const byId = (poolId: string, id: string) => `${poolId}/branding/${id}`;
const byClient = (poolId: string, clientId: string) => `${poolId}/brandingByClient/${clientId}`;

function wire(branding: Branding): Json {
  const { clientId: _client, ...rest } = branding;
  return rest as unknown as Json;
}

function assets(input: Json): Asset[] | undefined {
  const list = optArray(input, 'Assets', 40);
  if (!list) return undefined;
  return list.map(item => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw errors.invalidParameter('Assets must be a list of AssetType.');
    const entry = item as Json;
    const asset: Asset = {
      Category: reqString(entry, 'Category', { values: CATEGORIES }),
      ColorMode: reqString(entry, 'ColorMode', { values: ['LIGHT', 'DARK', 'DYNAMIC'] }),
      Extension: reqString(entry, 'Extension', { values: ['ICO', 'JPEG', 'PNG', 'SVG', 'WEBP'] }),
    };
    const bytes = optString(entry, 'Bytes', { max: 1_000_000 });
    if (bytes !== undefined) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(bytes)) throw errors.invalidParameter('Asset Bytes must be base64.');
      asset.Bytes = bytes;
    }
    const resourceId = optString(entry, 'ResourceId', { min: 1, max: 40, pattern: /^[\w\- ]+$/, patternText: '^[\\w\\- ]+$' });
    if (resourceId !== undefined) asset.ResourceId = resourceId;
    return asset;
  });
}

function settings(input: Json): Json | undefined {
  const value = input.Settings;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw errors.invalidParameter('Settings must be a JSON object.');
  return value as Json;
}

/** UseCognitoProvidedValues, Settings and Assets from a request: true means Cognito's defaults, and then neither of the others may be given. */
function style(input: Json): { UseCognitoProvidedValues: boolean; Settings?: Json; Assets?: Asset[] } {
  const useDefaults = optBool(input, 'UseCognitoProvidedValues');
  const given = { settings: settings(input), assets: assets(input) };
  if (useDefaults && (given.settings !== undefined || given.assets !== undefined)) {
    throw errors.invalidParameter('When UseCognitoProvidedValues is true, Settings and Assets must be omitted.');
  }
  return {
    UseCognitoProvidedValues: useDefaults ?? false,
    ...(given.settings !== undefined ? { Settings: given.settings } : {}),
    ...(given.assets !== undefined ? { Assets: given.assets } : {}),
  };
}

const poolOf = (ctx: Services, input: Json): UserPool => getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));

function requireBranding(ctx: Services, pool: UserPool, id: string): Branding {
  const branding = ctx.store.get<Branding>('poolSetting', byId(pool.Id, id));
  if (!branding) throw errors.resourceNotFound(`Managed login branding ${id} does not exist.`);
  return branding;
}

export const createManagedLoginBranding: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  const client = getClient(ctx, reqString(input, 'ClientId', CLIENT_ID_RULE), pool.Id);
  const given = style(input);
  return ctx.store.transaction(() => {
    if (ctx.store.get<string>('poolSetting', byClient(pool.Id, client.ClientId))) {
      throw new CognitoError('ManagedLoginBrandingExistsException', `App client ${client.ClientId} already has a managed login branding style.`);
    }
    const now = ctx.clock.now();
    const branding: Branding = {
      ManagedLoginBrandingId: randomUUID(),
      UserPoolId: pool.Id,
      UseCognitoProvidedValues: given.UseCognitoProvidedValues,
      ...(given.Settings ? { Settings: given.Settings } : {}),
      Assets: given.Assets ?? [],
      CreationDate: now,
      LastModifiedDate: now,
      clientId: client.ClientId,
    };
    ctx.store.put('poolSetting', byId(pool.Id, branding.ManagedLoginBrandingId), branding);
    ctx.store.put('poolSetting', byClient(pool.Id, client.ClientId), branding.ManagedLoginBrandingId);
    return { ManagedLoginBranding: wire(branding) };
  });
};

export const updateManagedLoginBranding: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  const id = reqString(input, 'ManagedLoginBrandingId', BRANDING_ID);
  const given = style(input);
  return ctx.store.transaction(() => {
    const current = requireBranding(ctx, pool, id);
    const next: Branding = {
      ...current,
      UseCognitoProvidedValues: given.UseCognitoProvidedValues,
      Assets: given.UseCognitoProvidedValues ? [] : (given.Assets ?? current.Assets),
      LastModifiedDate: ctx.clock.now(),
    };
    if (given.UseCognitoProvidedValues) delete next.Settings;
    else if (given.Settings) next.Settings = given.Settings;
    ctx.store.put('poolSetting', byId(pool.Id, id), next);
    return { ManagedLoginBranding: wire(next) };
  });
};

export const deleteManagedLoginBranding: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  const id = reqString(input, 'ManagedLoginBrandingId', BRANDING_ID);
  ctx.store.transaction(() => {
    const branding = requireBranding(ctx, pool, id);
    ctx.store.delete('poolSetting', byId(pool.Id, id));
    ctx.store.delete('poolSetting', byClient(pool.Id, branding.clientId));
  });
  return {};
};

export const describeManagedLoginBranding: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  optBool(input, 'ReturnMergedResources');
  return { ManagedLoginBranding: wire(requireBranding(ctx, pool, reqString(input, 'ManagedLoginBrandingId', BRANDING_ID))) };
};

export const describeManagedLoginBrandingByClient: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  const client = getClient(ctx, reqString(input, 'ClientId', CLIENT_ID_RULE), pool.Id);
  optBool(input, 'ReturnMergedResources');
  const id = ctx.store.get<string>('poolSetting', byClient(pool.Id, client.ClientId));
  if (!id) throw errors.resourceNotFound(`App client ${client.ClientId} has no managed login branding style.`);
  return { ManagedLoginBranding: wire(requireBranding(ctx, pool, id)) };
};
