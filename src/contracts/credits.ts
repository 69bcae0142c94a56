import { Type } from 'typebox';
import { CREDIT_ROLES } from '../document/credit-roles.js';
import { Id, nameSchemas } from '../lib/schemas.js';

export const CreditRole = Type.Enum([...CREDIT_ROLES], {
  description: 'Byline role: reporter 记者, correspondent 通讯员, photographer 摄影, editor 编辑, intern 实习生, contributor',
});

/** A byline credit as the public content API delivers it. */
export const PublicCredit = Type.Object(
  {
    role: CreditRole,
    personId: Id,
    name: Type.String({ examples: ['国晓宁'] }),
  },
  { additionalProperties: false },
);

nameSchemas({ CreditRole, PublicCredit });
