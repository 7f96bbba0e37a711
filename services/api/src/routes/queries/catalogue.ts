import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  MeasureUnitItem,
  measureUnitsPage,
  type Page,
  PageOf,
  ProductTypeItem,
  productTypesPage,
  UsageTypeItem,
  usageTypesPage,
} from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../../plugins/auth.js';
import { MEASURE_UNITS_EXAMPLE, NOT_REACHED, PRODUCT_TYPES_EXAMPLE, USAGE_TYPES_EXAMPLE } from '../examples.js';
import { answer, problemAnswers } from '../responses.js';
import { csvColumns, sendList } from './csv.js';
import { type CommonQuery, ListQuery, renderInstant, TextParam, zoneOf } from './params.js';
import type { ReadSide } from './read-side.js';

const PRODUCT_TYPE_COLUMNS = csvColumns(ProductTypeItem);
const USAGE_TYPE_COLUMNS = csvColumns(UsageTypeItem);
const MEASURE_UNIT_COLUMNS = csvColumns(MeasureUnitItem);

const ERRORS = problemAnswers({ 400: 'querystring/limit must be <= 1000 (got 5000)', 503: NOT_REACHED });

/** `?tz=partner` for lists that belong to no partner: the zone of the key's own partner (UTC for admin and finance). */
async function zoneOfKey(read: ReadSide, request: FastifyRequest, query: CommonQuery): Promise<string> {
  const { partnerId } = principalOf(request);
  return partnerId ? read.zone(query, partnerId) : zoneOf(query, undefined);
}

/** Renders `registeredAt` of each item in `zone`. */
function inZone<T extends { registeredAt: string }>(page: Page<T>, zone: string): Page<T> {
  return {
    items: page.items.map((item) => ({ ...item, registeredAt: renderInstant(item.registeredAt, zone) })),
    nextCursor: page.nextCursor,
  };
}

/** SPEC §6 "Product catalogue" (管理产品): GET /v1/catalogue/product-types, usage-types, units. Readable by every key. */
export const catalogueRoutes: FastifyPluginAsyncTypebox<{ read: ReadSide }> = async (app, options) => {
  const { read } = options;

  app.get(
    '/v1/catalogue/product-types',
    {
      schema: {
        summary: 'Product types of the catalogue (管理产品)',
        description:
          'Every registered product type (ProductTypeRegistered) with its name and resource types, by product type. ' +
          'Readable by every key. Pages with limit and cursor; Accept: text/csv gives the same fields.',
        tags: ['catalogue'],
        security: [{ bearer: [] }],
        operationId: 'listProductTypes',
        querystring: ListQuery,
        response: {
          200: answer('a page of product types', PageOf(ProductTypeItem, 'by productType'), PRODUCT_TYPES_EXAMPLE),
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      await read.reach(reply, query.minPosition);
      const zone = await zoneOfKey(read, request, query);
      return sendList(request, reply, {
        columns: PRODUCT_TYPE_COLUMNS,
        filename: 'product-types.csv',
        limit: query.limit,
        cursor: query.cursor,
        page: async (limit, cursor) =>
          inZone(await productTypesPage(read.db, { limit, ...(cursor ? { cursor } : {}) }), zone),
      });
    },
  );

  app.get(
    '/v1/catalogue/usage-types',
    {
      schema: {
        summary: 'Usage types of the catalogue (管理产品: 使用量类型)',
        description:
          'Every registered usage type (UsageTypeRegistered) with its product type, its unit and the dimension the ' +
          'unit measures, by usage type; productType filters exactly. Readable by every key. Pages with limit and ' +
          'cursor; Accept: text/csv gives the same fields.',
        tags: ['catalogue'],
        security: [{ bearer: [] }],
        operationId: 'listUsageTypes',
        querystring: Type.Object({
          productType: Type.Optional(TextParam('a product type (exact)')),
          ...ListQuery.properties,
        }),
        response: {
          200: answer('a page of usage types', PageOf(UsageTypeItem, 'by usageType'), USAGE_TYPES_EXAMPLE),
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      await read.reach(reply, query.minPosition);
      const zone = await zoneOfKey(read, request, query);
      const filters = query.productType ? { productType: query.productType } : {};
      return sendList(request, reply, {
        columns: USAGE_TYPE_COLUMNS,
        filename: 'usage-types.csv',
        limit: query.limit,
        cursor: query.cursor,
        page: async (limit, cursor) =>
          inZone(await usageTypesPage(read.db, filters, { limit, ...(cursor ? { cursor } : {}) }), zone),
      });
    },
  );

  app.get(
    '/v1/catalogue/units',
    {
      schema: {
        summary: 'Measure units of the catalogue (管理产品: 度量单位与换算)',
        description:
          'Every registered measure unit (MeasureUnitRegistered), by unit: one unit = factor × baseUnit, and, ' +
          'following the bases, toRoot × rootUnit (the dimension’s root unit), so a quantity converts exactly ' +
          'between two units of a dimension. dimension filters exactly. Readable by every key. Pages with limit ' +
          'and cursor; Accept: text/csv gives the same fields.',
        tags: ['catalogue'],
        security: [{ bearer: [] }],
        operationId: 'listMeasureUnits',
        querystring: Type.Object({
          dimension: Type.Optional(TextParam('a dimension (exact), like data or time')),
          ...ListQuery.properties,
        }),
        response: {
          200: answer('a page of measure units', PageOf(MeasureUnitItem, 'by unit'), MEASURE_UNITS_EXAMPLE),
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      await read.reach(reply, query.minPosition);
      const zone = await zoneOfKey(read, request, query);
      const filters = query.dimension ? { dimension: query.dimension } : {};
      return sendList(request, reply, {
        columns: MEASURE_UNIT_COLUMNS,
        filename: 'units.csv',
        limit: query.limit,
        cursor: query.cursor,
        page: async (limit, cursor) =>
          inZone(await measureUnitsPage(read.db, filters, { limit, ...(cursor ? { cursor } : {}) }), zone),
      });
    },
  );
};
