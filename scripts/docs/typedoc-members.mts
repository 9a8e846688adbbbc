/**
 * The public API as the doc check sees it: TypeDoc's reflections of the entry points turned into
 * plain ApiMember records (see doc-findings.ts for what is refused).
 */
import {
  DeclarationReflection,
  ReflectionKind,
  ReflectionType,
  type ProjectReflection,
  type Reflection,
  type SignatureReflection,
} from 'typedoc';
import type { ApiMember } from './doc-findings.js';

// What must carry a comment: every declaration a user can name, and every member of a class or
// interface. Constructors are left out: a construct's constructor is always (scope, id, props).
const CHECKED_KINDS =
  ReflectionKind.Class |
  ReflectionKind.Interface |
  ReflectionKind.TypeAlias |
  ReflectionKind.Variable |
  ReflectionKind.Function |
  ReflectionKind.Enum |
  ReflectionKind.EnumMember |
  ReflectionKind.Property |
  ReflectionKind.Method |
  ReflectionKind.Accessor;

/** Every checked declaration of `project`, inherited members left to where they are declared. */
export function apiMembers(project: ProjectReflection): ApiMember[] {
  return project
    .getReflectionsByKind(CHECKED_KINDS)
    .filter((ref): ref is DeclarationReflection => ref instanceof DeclarationReflection)
    .filter((ref) => !ref.inheritedFrom)
    .map((ref) => ({
      name: ref.getFriendlyFullName(),
      kind: ReflectionKind[ref.kind],
      documented: isDocumented(ref),
      optional: ref.flags.isOptional,
      defaultTag: defaultTagText(ref),
      interfaceProperty:
        ref.kindOf(ReflectionKind.Property) && isKind(ref.parent, ReflectionKind.Interface),
      inlineMember: isKind(ref.parent, ReflectionKind.TypeLiteral),
    }));
}

// A function's comment sits on its signatures; a variable holding an arrow function may carry it
// on the variable itself.
function isDocumented(ref: DeclarationReflection): boolean {
  const signatures: SignatureReflection[] = [
    ...(ref.signatures ?? []),
    ...(ref.getSignature ? [ref.getSignature] : []),
    ...(ref.type instanceof ReflectionType ? (ref.type.declaration.signatures ?? []) : []),
  ];
  return ref.hasComment() || signatures.some((signature) => signature.hasComment());
}

function defaultTagText(ref: DeclarationReflection): string | undefined {
  const tag = ref.comment?.getTag('@default');
  return tag && tag.content.map((part) => part.text).join('');
}

function isKind(ref: Reflection | undefined, kind: ReflectionKind): boolean {
  return ref?.kindOf(kind) ?? false;
}
