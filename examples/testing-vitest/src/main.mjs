import { createService } from './service.mjs';

const { AWS_REGION = 'us-east-1', USER_POOL_ID, USER_POOL_CLIENT_ID, COGNITO_ENDPOINT, PORT = '8080' } = process.env;
createService({ region: AWS_REGION, userPoolId: USER_POOL_ID, userPoolClientId: USER_POOL_CLIENT_ID, endpoint: COGNITO_ENDPOINT }).listen(Number(PORT));
