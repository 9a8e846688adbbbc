/**
 * The custom resource behind automatic mode: at deploy time it reads the Alexa client's secret,
 * gets a Skill Management API token, and writes the skill's account-linking settings.
 * On delete it leaves the skill alone: removing the stack should not break a published skill.
 */
import {
  DescribeUserPoolClientCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { accountLinkingRequestBody, parseLwaCredentials } from './account-linking-request';
import type { SmapiClient } from './smapi-client';

/** The custom resource's properties: names and URLs only, never a secret. */
export interface LinkSettingsProperties {
  readonly SkillId: string;
  readonly Stage: string;
  readonly UserPoolId: string;
  readonly ClientId: string;
  readonly AuthorizationUrl: string;
  readonly AccessTokenUrl: string;
  readonly Scopes: string[];
  readonly Domains: string[];
  readonly SmapiCredentialsSecretId: string;
}

export interface OnEventRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties: LinkSettingsProperties & { ServiceToken?: string };
  readonly PhysicalResourceId?: string;
}

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  /** Hides any response data from CloudFormation's console and API. */
  readonly NoEcho: true;
  readonly Data: Record<string, string>;
}

export interface LinkSettingsDependencies {
  readonly cognito: CognitoIdentityProviderClient;
  readonly secrets: SecretsManagerClient;
  readonly smapi: SmapiClient;
  readonly log: (message: string, attributes: Record<string, unknown>) => void;
}

export function createOnEventHandler(deps: LinkSettingsDependencies) {
  return async function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
    const props = event.ResourceProperties;
    const physicalResourceId = `${props.SkillId}/${props.Stage}/accountLinkingClient`;
    deps.log('account-linking settings', {
      requestType: event.RequestType,
      skillId: props.SkillId,
      stage: props.Stage,
    });
    if (event.RequestType === 'Delete') {
      return {
        PhysicalResourceId: event.PhysicalResourceId ?? physicalResourceId,
        NoEcho: true,
        Data: {},
      };
    }

    const secret = await deps.secrets.send(
      new GetSecretValueCommand({ SecretId: props.SmapiCredentialsSecretId })
    );
    const credentials = parseLwaCredentials(secret.SecretString, props.SmapiCredentialsSecretId);
    const client = await deps.cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: props.UserPoolId, ClientId: props.ClientId })
    );
    const clientSecret = client.UserPoolClient?.ClientSecret;
    if (!clientSecret) {
      throw new Error(
        `App client ${props.ClientId} of user pool ${props.UserPoolId} has no client secret; the Alexa client must be created with one.`
      );
    }

    const accessToken = await deps.smapi.accessToken(credentials);
    const body = accountLinkingRequestBody(
      {
        authorizationUrl: props.AuthorizationUrl,
        accessTokenUrl: props.AccessTokenUrl,
        clientId: props.ClientId,
        scopes: props.Scopes,
        domains: props.Domains,
      },
      clientSecret
    );
    await deps.smapi.updateAccountLinking(props.SkillId, props.Stage, body, accessToken);
    deps.log('account-linking settings updated', { skillId: props.SkillId, stage: props.Stage });
    return { PhysicalResourceId: physicalResourceId, NoEcho: true, Data: {} };
  };
}
