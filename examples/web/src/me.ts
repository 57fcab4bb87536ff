/** The signed-in person as the app uses them: their userId (the token's `sub`, as the API takes it) and a name to show. */
export interface Me {
  userId: string;
  name: string;
}
