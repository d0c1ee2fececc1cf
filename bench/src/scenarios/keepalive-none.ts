import { keepaliveScenario } from '../keepaliveScenario.js';

export default keepaliveScenario('none');
