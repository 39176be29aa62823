import type { HttpHeader } from '../../sim/index.ts';
import { badRequest } from './errors.ts';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 500;

/**
 * `page` and `per_page` as rest.utils' `ParsePagingParameters` reads them:
 * decimal integers (Go's `ParseInt`), at least 1, `per_page` at most
 * `maxPerPage` (500; some routes allow fewer), with its error messages.
 */
export function readPaging(
  query: URLSearchParams,
  maxPerPage = MAX_PER_PAGE,
): { page: number; perPage: number } {
  const page = readPositive(query.get('page'), 1, 'page');
  const perPage = readPositive(query.get('per_page'), DEFAULT_PER_PAGE, 'per_page');
  if (perPage > MAX_PER_PAGE) {
    throw badRequest(`parameter "per_page" above limit (max: ${MAX_PER_PAGE})`);
  }
  if (perPage > maxPerPage) throw badRequest(notPositive('per_page'));
  return { page, perPage };
}

/** The largest int64, which Go's `ParseInt` accepts. */
const MAX_INT64 = 9_223_372_036_854_775_807n;

function readPositive(text: string | null, fallback: number, name: string): number {
  if (text === null || text === '') return fallback;
  if (
    !/^[+-]?\d+$/.test(text) ||
    BigInt(text) > MAX_INT64 ||
    BigInt(text) < -MAX_INT64 - 1n
  ) {
    throw badRequest(`invalid ${name} query: "${text}"`);
  }
  const value = Number(text);
  if (value < 1) throw badRequest(notPositive(name));
  return value;
}

function notPositive(name: string): string {
  return `invalid ${name} query: value must be a non-zero positive integer`;
}

/**
 * One page of a list and the `Link` headers (first, prev, next) the Mender
 * services send with it, relative to the request path.
 */
export function paginate<T>(
  items: readonly T[],
  paging: { page: number; perPage: number },
  path: string,
  query: URLSearchParams,
): { page: T[]; headers: HttpHeader[] } {
  const start = (paging.page - 1) * paging.perPage;
  const page = items.slice(start, start + paging.perPage);
  const link = (pageNumber: number, rel: string) => {
    const linkQuery = new URLSearchParams(query);
    linkQuery.set('page', String(pageNumber));
    linkQuery.set('per_page', String(paging.perPage));
    return `<${path}?${linkQuery.toString()}>; rel="${rel}"`;
  };
  const links = [link(1, 'first')];
  if (paging.page > 1) links.push(link(paging.page - 1, 'prev'));
  if (start + paging.perPage < items.length) links.push(link(paging.page + 1, 'next'));
  return { page, headers: links.map((value) => ['link', value] as const) };
}
