/** The consumer's own handler file: SkillFunction's `entry` in own-code-app.ts. */
export const handler = async () => ({
  speech: `Your order is placed (linking server: ${process.env.LINKING_SERVER})`,
});
